// Card: switch expressions with list and property patterns vs match - a mapping pattern ignores extra keys, and a bare name captures
#region use
object[] commands =
[
    Array.Empty<string>(), new[] { "go", "north" }, new[] { "drop", "key", "lamp" },
    new Dictionary<string, object> { ["action"] = "buy", ["qty"] = 3, ["note"] = "gift" },
    new Dictionary<string, object> { ["action"] = "buy", ["qty"] = 0 },
    new Point(0, 5), new Point(2, 5), "look",
];
foreach (var command in commands)
    Console.WriteLine(Describe(command));
#endregion

#region core
static string Describe(object command) => command switch
{
    string[] and [] => "nothing to do",
    string[] and ["go", var direction] => $"go {direction}",
    string[] and ["drop", .. var items] => $"drop {items.Length} items",
    // no dictionary patterns in C#: look the keys up in a guard
    Dictionary<string, object> d when d.GetValueOrDefault("action") is "buy"
        && d.GetValueOrDefault("qty") is int qty && qty > 0 => $"buy {qty}",
    Dictionary<string, object> d when d.TryGetValue("action", out var action) => $"cannot {action}",
    Point { X: 0, Y: var y } => $"on the y axis at {y}",
    string word => $"the word {word}",
    _ => "unknown",
};
#endregion

record Point(int X, int Y);
