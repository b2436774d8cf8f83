/* badly_formatted.c: a fixture for style.format_catches; the format check must refuse it. */
int   badly_formatted(int a,int b){
  if(a>b)
  {return a;}
      return b ;
}
