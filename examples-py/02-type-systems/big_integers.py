# Card: int/long/BigInteger vs int - a Python int never overflows, a C# int silently wraps around
import math

# region core
INT_MAX = 2**31 - 1                              # int.MaxValue


def to_int32(n: int) -> int:
    """Wrap n to 32 bits, like C#'s unchecked int arithmetic."""
    return (n + 2**31) % 2**32 - 2**31


n = INT_MAX
print(n + 1)                                     # 2147483648: just a bigger int
print(to_int32(n + 1))                           # what C# int gives: -2147483648
print(2**100)                                    # no BigInteger needed
print(math.factorial(25))
if not -(2**31) <= n + 1 <= INT_MAX:             # C#'s checked { } throws here
    print("overflow: does not fit in 32 bits")
# endregion
