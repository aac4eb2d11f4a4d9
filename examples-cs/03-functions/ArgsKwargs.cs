// Card: params T[] vs *args and **kwargs - unpack a list with * and a dict with ** at the call site
#region core
static int Total(params int[] numbers) => numbers.Sum();

static string Describe(string name, Dictionary<string, object>? options = null)
{
    var pairs = string.Join(", ", (options ?? []).Select(kv => $"{kv.Key}={kv.Value}"));
    return $"{name}({pairs})";
}

Console.WriteLine($"{Total()} {Total(1, 2, 3)}");
int[] values = [4, 5, 6];
Console.WriteLine(Total(values));                  // an array is passed as the params array
Console.WriteLine(Describe("button", new() { ["color"] = "red", ["size"] = 3 }));
var settings = new Dictionary<string, object> { ["width"] = 80, ["visible"] = true };
Console.WriteLine(Describe("panel", settings));
#endregion
