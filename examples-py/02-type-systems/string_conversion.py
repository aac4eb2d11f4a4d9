# Card: int.Parse/TryParse/ToString vs int()/str() - "a" + 1 is an error in Python, and bool("False") is True
# region core
print(int("42") + 1, "42" + str(1))              # 43 421 - + never converts for you
print(int(" -17 "), int("ff", 16), float("2.5") + 1, int(3.99))

for text in ["12", "3.5", "abc"]:
    try:                                         # no TryParse: catch ValueError
        print(f"'{text}' -> {int(text)}")
    except ValueError:
        print(f"'{text}' -> not an int")

print(bool("False"), bool(""))                   # any non-empty string is truthy
print("False".strip().lower() == "true")         # parse a bool yourself
# endregion
