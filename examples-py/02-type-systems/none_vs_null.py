# Card: null/int?/?? vs None/int | None - `x or default` also replaces 0 and "", unlike ??
AGES = {"ada": 36, "bob": 0}


# region core
def find_age(name: str) -> int | None:           # like int? in C#
    return AGES.get(name)                        # None when the key is missing


for name in ["ada", "bob", "eve"]:
    age = find_age(name)
    safe = age if age is not None else -1        # the ?? equivalent
    wrong = age or -1                            # also replaces 0!
    print(f"{name}: is None: {age is None}, ??: {safe}, or: {wrong}")

nickname: str | None = None
upper = nickname.upper() if nickname is not None else None   # no ?. operator
print(f"upper is None: {upper is None}")   # f"{upper}" would print None; C# prints null as ""
# endregion
