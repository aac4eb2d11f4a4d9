# Card: File.ReadAllText (UTF-8 everywhere) vs open()/read_text (the locale's encoding) - always pass encoding=, and utf-8-sig for a BOM
from pathlib import Path

# region core
path = Path("notes.txt")
path.write_text("Zürich, naïve café\n", encoding="utf-8")   # name the encoding, always
text = path.read_text(encoding="utf-8")
print(f"{len(path.read_bytes())} bytes, {len(text)} chars: {text.strip()}")
print(path.read_text(encoding="latin-1").strip())            # the wrong codec: mojibake, no error

try:
    path.read_text(encoding="ascii")                         # strict by default
except UnicodeDecodeError as e:
    print(f"ascii: cannot decode byte 0x{e.object[e.start]:x} at {e.start}")

path.write_text("Zürich\n", encoding="utf-8-sig")             # with a BOM, as Notepad and Excel write
print(path.read_text(encoding="utf-8")[0] == "\ufeff",       # plain utf-8 keeps the BOM as a character
      path.read_text(encoding="utf-8-sig")[0] == "Z")         # utf-8-sig removes it
# endregion
