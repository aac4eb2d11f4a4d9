# Card: var/const/camelCase vs plain assignment/UPPER_CASE/snake_case - no declarations, and a name can be rebound to any type
# region core
MAX_RETRIES = 3                   # a "constant" by convention only
user_name = "ada"                 # snake_case for variables and functions
retry_count: int = 0              # optional type hint, not enforced
retry_count += 1                  # no ++ in Python
first, last = "Ada", "Lovelace"   # assign several names at once
first, last = last, first         # swap without a temporary
value = 42
value = "forty-two"               # rebinding to another type is legal
# endregion
print(f"{MAX_RETRIES} {user_name} {retry_count}")
print(f"{first} {last}")
print(f"value = {value}")
