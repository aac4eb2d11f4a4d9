# Card: format strings F2/N0/P1/X vs .2f/,/.1%/x - similar specs, different spellings and defaults
price, count, ratio, flags = 1234.56, 1234567, 0.125, 42
# region core
print(7 / 2, 10 / 2, 10 // 2)                  # / always returns a float: 5.0, not 5
print(f"{price:.2f}|{price:,.2f}|{price:10.1f}|")
print(f"{count:,}|{count:09d}|")
print(f"{ratio:.1%}|{flags:x}|{255:X}|{flags:08b}|")
print(f"{price:.3e}|{1e16}|")                  # exponent has 2 digits
# endregion
