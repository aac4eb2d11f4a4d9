// Card: f-string format specs and textwrap vs C# format strings - alignment is :<8 not ,-8, and there is no built-in wrap in .NET
#region core
(string Name, int Qty, double Price)[] items = [("Tea", 3, 2.5), ("Scones", 12, 0.75), ("Jam", 1, 4.0)];
Console.WriteLine($"{"item",-8}|{"qty",4}|{"price",7}");
foreach (var (name, qty, price) in items)
    Console.WriteLine($"{name,-8}|{qty,4}|{price,7:F2}");
Console.WriteLine($"{1234567.891:N2} {0.256:0.0%} {42:D5} {255:x}");
#endregion

#region wrap
string blurb = "Python ships a module for almost everything, and textwrap is one of the small ones.";
foreach (string line in Wrap(blurb, 28))
    Console.WriteLine($"> {line}");

static IEnumerable<string> Wrap(string text, int width)
{
    string line = "";
    foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
    {
        if (line.Length > 0 && line.Length + 1 + word.Length > width)
        {
            yield return line;
            line = word;
        }
        else line = line.Length == 0 ? word : $"{line} {word}";
    }
    if (line.Length > 0) yield return line;
}
#endregion
