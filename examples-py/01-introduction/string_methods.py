# Card: string methods Trim/Contains/Split vs strip/in/split - split() with no argument drops empty parts
text = "  Hello, World  "
# region core
s = text.strip()                            # Trim()
print(f"[{s}] {len(s)} {s.upper()} {s.lower()}")
print(s.replace("World", "Python"))
print(s.startswith("Hello"), "World" in s, s.find("o"), s.find("xyz"))
print(s[:5], s[-5:], s[::-1])               # slices instead of Substring
print(s.count("l"), s.index("W"))

line = "a  b c"
print("|".join(line.split(" ")), "|".join(line.split()))   # 4 parts (one empty) vs 3 parts
print("-".join(line.split()))
# endregion
