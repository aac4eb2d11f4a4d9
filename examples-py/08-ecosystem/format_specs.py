# Card: f-string format specs and textwrap vs C# format strings - alignment is :<8 not ,-8, and there is no built-in wrap in .NET
import textwrap

# region core
items = [("Tea", 3, 2.5), ("Scones", 12, 0.75), ("Jam", 1, 4.0)]
print(f"{'item':<8}|{'qty':>4}|{'price':>7}")
for name, qty, price in items:
    print(f"{name:<8}|{qty:>4}|{price:>7.2f}")
print(f"{1234567.891:,.2f} {0.256:.1%} {42:05d} {255:x}")
# endregion

# region wrap
blurb = "Python ships a module for almost everything, and textwrap is one of the small ones."
for line in textwrap.wrap(blurb, width=28):
    print(f"> {line}")
# endregion
