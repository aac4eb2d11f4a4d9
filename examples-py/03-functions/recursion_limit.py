# Card: StackOverflowException vs RecursionError - Python stops at ~1000 frames with a catchable error; C# dies unless you check the stack
# region core
def depth(n: int) -> int:
    return 0 if n == 0 else 1 + depth(n - 1)   # no tail-call elimination in Python


def depth_loop(n: int) -> int:
    count = 0
    while n > 0:                               # the same work as a loop: no stack used
        n -= 1
        count += 1
    return count


print(depth(500))
try:
    depth(1_000_000)
except RecursionError:                         # sys.getrecursionlimit() is 1000
    print("too deep for recursion")
print(depth_loop(1_000_000))
# endregion
