# Card: int / and % vs // and % - C# truncates toward zero (-7 / 2 == -3), Python floors (-7 // 2 == -4)
import math

# region core
print(" a  b | a//b  a%b | trunc fmod")
for a, b in [(7, 2), (-7, 2), (7, -2), (-6, 2)]:   # -6 / 2 is exact: all agree
    floor, mod = a // b, a % b                  # or divmod(a, b); % takes b's sign
    trunc, rem = math.trunc(a / b), int(math.fmod(a, b))   # C#'s a / b and a % b
    print(f"{a:2} {b:2} | {floor:4} {mod:4} | {trunc:5} {rem:4}")

print(f"{-7 / 2} {math.fmod(-7, 2)}")   # / and fmod always give floats
# endregion
