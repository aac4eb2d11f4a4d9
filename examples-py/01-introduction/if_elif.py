# Card: if/else if/&&/?: vs if/elif/and/x if c else y - and empty values are falsy in Python
# region core
def classify(n: int) -> str:
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif 1 <= n <= 9:                  # chained comparison
        return "small"
    else:
        return "large"


for n in [-5, 0, 7, 42]:
    parity = "even" if n % 2 == 0 else "odd"   # conditional expression
    print(f"{n}: {classify(n)}, {parity}")

name, tags = "", []
if not name and not tags:              # "" and [] are falsy
    print("no name and no tags")
# endregion
