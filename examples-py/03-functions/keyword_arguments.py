# Card: optional and named parameters vs default and keyword arguments - after a bare *, arguments must be named
# region core
def greet(name: str, greeting: str = "Hello", *, punctuation: str = "!") -> str:
    return f"{greeting}, {name}{punctuation}"


print(greet("Ada"))                                # defaults fill the rest
print(greet("Ada", "Hi"))                          # positional
print(greet("Ada", punctuation="?"))               # skip greeting by naming the next one
print(greet(greeting="Hey", name="Grace"))         # any order when named
print(greet("Alan", greeting="Welcome", punctuation="."))
# endregion
