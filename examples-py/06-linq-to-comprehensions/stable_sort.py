# Card: List<T>.Sort is unstable, list.sort() and sorted() are stable - equal keys keep their order only in Python (and in OrderBy)
# region core
tickets = [(n, "high" if n % 3 == 0 else "low") for n in range(1, 21)]  # in arrival order


def is_low(ticket: tuple[int, str]) -> bool:
    return ticket[1] != "high"


tickets.sort(key=is_low)                   # high first; equal keys keep their arrival order
print(" ".join(str(n) for n, _ in tickets))
low_first = sorted(tickets, key=is_low, reverse=True)   # still stable: not the same as reversing
print(" ".join(str(n) for n, _ in low_first))
# endregion
