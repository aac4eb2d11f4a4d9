# Card: CultureInfo.CurrentCulture vs Python's locale-free f-strings - pin InvariantCulture in C#; float() and f-strings never read LANG
from datetime import date

# region core
price, day = 1234.5, date(2024, 3, 1)
# f-strings, str() and float() ignore the machine's locale: a German PC prints the same
print(f"{price:,.2f} | {day:%Y-%m-%d} | {price}")
print(float("2.5") * 3)
for text in ["2.5", "2,5", "1,234.5"]:
    try:
        print(f"{text} -> {float(text)}")
    except ValueError:               # float() accepts only "." and no group separators
        print(f"{text} -> not a number")
# endregion
