// Card: null/int?/?? vs None/int | None - `x or default` also replaces 0 and "", unlike ??
#region core
static int? FindAge(string name)
{
    var ages = new Dictionary<string, int> { ["ada"] = 36, ["bob"] = 0 };
    return ages.TryGetValue(name, out var age) ? age : null;
}

foreach (var name in new[] { "ada", "bob", "eve" })
{
    int? age = FindAge(name);
    var safe = age ?? -1;
    var wrong = age is null or 0 ? -1 : age.Value;   // what Python's `or` does
    Console.WriteLine($"{name}: is None: {age is null}, ??: {safe}, or: {wrong}");
}

string? nickname = null;
string? upper = nickname?.ToUpper();
Console.WriteLine($"upper is None: {upper is null}");   // $"{upper}" would print nothing
#endregion
