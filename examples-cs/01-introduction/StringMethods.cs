// Card: string methods Trim/Contains/Split vs strip/in/split - split() with no argument drops empty parts
var text = "  Hello, World  ";
#region core
var s = text.Trim();
Console.WriteLine($"[{s}] {s.Length} {s.ToUpper()} {s.ToLower()}");
Console.WriteLine(s.Replace("World", "Python"));
Console.WriteLine($"{s.StartsWith("Hello")} {s.Contains("World")} {s.IndexOf('o')} {s.IndexOf("xyz")}");
Console.WriteLine($"{s[..5]} {s[^5..]} {string.Concat(s.Reverse())}");
Console.WriteLine($"{s.Count(c => c == 'l')} {s.IndexOf('W')}");

var line = "a  b c";
string[] spaces = line.Split(' ');
string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
Console.WriteLine($"{string.Join("|", spaces)} {string.Join("|", words)}");
Console.WriteLine(string.Join("-", words));
#endregion
