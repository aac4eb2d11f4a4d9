// Card: dataclasses.fields vs record properties via reflection - fields() keeps declaration order and knows each default
using System.Reflection;

#region core
var book = new Book("Dune", "Frank Herbert", 1965);
ParameterInfo[] parameters = typeof(Book).GetConstructors()[0].GetParameters(); // declaration order
foreach (ParameterInfo p in parameters)
{
    object? value = typeof(Book).GetProperty(p.Name!)!.GetValue(book);
    string kind = p.HasDefaultValue ? $"default {p.DefaultValue}" : "required";
    Console.WriteLine($"{p.Name!.ToLowerInvariant()} = {value} ({kind})"); // Python names are lower case
}

var names = parameters.Select(p => p.Name!.ToLowerInvariant()).ToList();
Console.WriteLine($"{names.Count} fields: {string.Join(", ", names)}");
#endregion

record Book(string Title, string Author, int Year = 1970);
