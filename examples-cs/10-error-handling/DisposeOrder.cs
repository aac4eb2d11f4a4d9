// Card: with vs using - resources close in reverse order, and __exit__ still runs when the body raises
#region core
using (var db = new Resource("db"))
using (var file = new Resource("file"))
{
    Console.WriteLine($"using {db.Name} and {file.Name}");
}

try
{
    using var db = new Resource("db");
    using var file = new Resource("file");
    throw new IOException("disk full");
}
catch (IOException e)
{
    Console.WriteLine($"caught: {e.Message}");
}
#endregion

sealed class Resource : IDisposable
{
    public Resource(string name)
    {
        Name = name;
        Console.WriteLine($"open {name}");
    }

    public string Name { get; }

    public void Dispose() => Console.WriteLine($"close {Name}");
}
