# Card: EAFP vs TryParse - Python has no int.TryParse: call int() and catch ValueError (and beware: int("1_000") is 1000)
# region core
def parse_or_none(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


for text in ["42", " 7 ", "-3", "4.5", "abc"]:
    n = parse_or_none(text)
    print(f"'{text}' -> {'invalid' if n is None else n}")
# endregion

# region lookup
stock = {"apple": 3}
for item in ["apple", "pear"]:
    try:
        print(f"{item}: {stock[item]}")
    except KeyError:
        print(f"{item}: out of stock")  # or: stock.get(item)
# endregion
