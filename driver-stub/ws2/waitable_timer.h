/*
 * waitable_timer.h: what CloseHandle (sync.c) tells the waitable timers (waitable_timer_calls.c):
 * a closed handle's timer stops and its record and pool timer go with it.
 */
#ifndef WFPCERT_WS2_WAITABLE_TIMER_H
#define WFPCERT_WS2_WAITABLE_TIMER_H

/* After CloseHandle freed an event's handle, without the world lock: if it was a waitable timer,
 * its pool timer is stopped (a callback still running is waited for) and freed. */
void ms_waitable_timers_reap(void);

#endif /* WFPCERT_WS2_WAITABLE_TIMER_H */
