// Card: __getattr__ / SimpleNamespace vs DynamicObject / ExpandoObject - __getattr__ runs only when normal lookup fails
using System.Dynamic;
using Microsoft.CSharp.RuntimeBinder;

#region core
dynamic s = new Settings(new() { ["theme"] = "dark", ["lang"] = "en" });
Console.WriteLine(s.theme);
Console.WriteLine(s.Source); // a real property: TryGetMember is not called
string font;
try { font = s.font; }
catch (RuntimeBinderException) { font = "no font"; }
Console.WriteLine(font);
#endregion

#region expando
dynamic bag = new ExpandoObject();
bag.name = "Ada";
bag.year = 1815;
var keys = ((IDictionary<string, object?>)bag).Keys.Order(StringComparer.Ordinal);
Console.WriteLine($"{bag.name} {bag.year} {string.Join(", ", keys)}");
#endregion

#region class
sealed class Settings(Dictionary<string, string> values) : DynamicObject
{
    public string Source { get; } = "defaults";

    public override bool TryGetMember(GetMemberBinder binder, out object? result)
    {
        Console.WriteLine($"  (looking up {binder.Name})");
        bool found = values.TryGetValue(binder.Name, out string? value);
        result = value;
        return found; // false -> RuntimeBinderException
    }
}
#endregion
