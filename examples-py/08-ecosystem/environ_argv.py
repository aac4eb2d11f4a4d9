# Card: os.environ / sys.argv vs Environment / args - env values are always str, and sys.argv[0] is the script itself
import os
import sys

# region core
os.environ["MIRROR_DEMO_LEVEL"] = "3"  # assigning an int raises TypeError
level = int(os.environ.get("MIRROR_DEMO_LEVEL", "1"))
missing = os.environ.get("MIRROR_DEMO_MISSING")  # os.environ["..."] would raise KeyError
print(f"level={level} missing={'(unset)' if missing is None else missing}")
print(os.getenv("MIRROR_DEMO_MISSING", "fallback"), "MIRROR_DEMO_MISSING" in os.environ)

del os.environ["MIRROR_DEMO_LEVEL"]
print(f"after del: {os.getenv('MIRROR_DEMO_LEVEL', '(unset)')}")

args = sys.argv[1:]  # sys.argv[0] is the script path
print(f"{len(args)} argument(s): [{', '.join(args)}]")
# endregion
