# Card: block scope vs function scope - a name bound in a loop or an if outlives the block; a branch that never ran leaves it unbound
# region core
def summarize(numbers: list[int]) -> None:
    for n in numbers:
        square = n * n                  # bound inside the loop body...
    try:
        print(f"after the loop: n={n} square={square}")   # ...and still there after it
    except UnboundLocalError:           # the loop never ran: the names were never bound
        print("after the loop: nothing bound")

    if numbers:
        label = "some"                  # an if opens no scope either
    else:
        label = "none"
    print(f"label={label}")


summarize([1, 2, 3])
summarize([])
# endregion
