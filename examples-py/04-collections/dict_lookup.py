# Card: Dictionary<K,V> vs dict - d[key] raises KeyError (KeyNotFoundException); .get() is GetValueOrDefault/TryGetValue
stock = {"pears": 3, "apples": 5}

# region core
stock["figs"] = 0
stock["pears"] += 1
for name, count in stock.items():   # insertion order is part of the language spec
    print(f"{name}: {count}")

print(stock.get("kiwis", 0))        # GetValueOrDefault("kiwis", 0)
if (n := stock.get("apples")) is not None:   # TryGetValue; `is not None`, because 0 is falsy
    print(f"apples: {n}")
print("figs" in stock)              # ContainsKey
key = "kiwis"
try:
    print(stock[key])
except KeyError:
    print(f"missing key: {key}")
# endregion

print(len(stock), ", ".join(sorted(stock)))
