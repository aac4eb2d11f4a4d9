// Card: Dictionary<K,V> vs dict - d[key] raises KeyError (KeyNotFoundException); .get() is GetValueOrDefault/TryGetValue
var stock = new Dictionary<string, int> { ["pears"] = 3, ["apples"] = 5 };

#region core
stock["figs"] = 0;
stock["pears"] += 1;
foreach (var (name, count) in stock)  // insertion order here is an implementation detail
    Console.WriteLine($"{name}: {count}");

Console.WriteLine(stock.GetValueOrDefault("kiwis", 0));
if (stock.TryGetValue("apples", out var n))
    Console.WriteLine($"apples: {n}");
Console.WriteLine(stock.ContainsKey("figs"));
try
{
    Console.WriteLine(stock["kiwis"]);
}
catch (KeyNotFoundException)
{
    Console.WriteLine("missing key: kiwis");
}
#endregion

var keys = stock.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'");
Console.WriteLine($"{stock.Count} [{string.Join(", ", keys)}]");
