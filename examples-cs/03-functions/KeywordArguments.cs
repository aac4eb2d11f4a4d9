// Card: optional and named parameters vs default and keyword arguments - after a bare *, arguments must be named
#region core
static string Greet(string name, string greeting = "Hello", string punctuation = "!") =>
    $"{greeting}, {name}{punctuation}";

Console.WriteLine(Greet("Ada"));
Console.WriteLine(Greet("Ada", "Hi"));
Console.WriteLine(Greet("Ada", punctuation: "?"));
Console.WriteLine(Greet(greeting: "Hey", name: "Grace"));
Console.WriteLine(Greet("Alan", greeting: "Welcome", punctuation: "."));
#endregion
