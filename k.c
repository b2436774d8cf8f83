int g(int a, int b) {
    int x = a & b;
    if (a && b) x = a + b;
    if (x < 3) return 1;
    memset(&x, 0, 1);
    note(x);
    return x == 2 ? STATUS_SUCCESS : (int)true;
}
