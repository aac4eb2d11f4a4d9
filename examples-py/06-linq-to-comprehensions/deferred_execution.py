# Card: deferred LINQ vs generators - both lazy, but a generator is ONE-SHOT (like an IEnumerator); a LINQ query re-runs
source = [1, 2, 3, 4]


def is_even(n: int) -> bool:
    print(f"  check {n}")
    return n % 2 == 0


# region core
gen = (n * 10 for n in source if is_even(n))
print("built: nothing checked yet")
for x in gen:                        # each item is pulled through the pipeline
    print(f"got {x}")
print(f"second pass: {list(gen)}")   # exhausted: empty, and nothing re-runs


def query():                         # re-runnable like IEnumerable: a fresh generator per call
    return (n * 10 for n in source if is_even(n))


print(f"re-run: {list(query())}")
# endregion
