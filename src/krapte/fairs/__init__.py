"""Regional job fairs (report rec 45, 4.2.2.4): events, programme, visitors, waiting list."""
