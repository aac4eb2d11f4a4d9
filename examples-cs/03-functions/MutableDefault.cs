// Card: optional List parameter vs a mutable default argument - Python evaluates `tags=[]` once and shares that list
#region trap
// What Python's `tags=[]` really means: ONE list, created when the function is defined
List<string> sharedDefault = [];

List<string> AddTagShared(string tag, List<string>? tags = null)
{
    tags ??= sharedDefault;
    tags.Add(tag);
    return tags;
}
#endregion

#region fix
// The usual C# idiom (defaults must be constants): a fresh list on every call
static List<string> AddTag(string tag, List<string>? tags = null)
{
    tags ??= [];
    tags.Add(tag);
    return tags;
}
#endregion

#region calls
Console.WriteLine(Show(AddTagShared("a")));
Console.WriteLine(Show(AddTagShared("b")));
Console.WriteLine(Show(AddTag("a")));
Console.WriteLine(Show(AddTag("b")));
Console.WriteLine(Show(AddTag("c", ["x"])));
#endregion

static string Show(List<string> items) => $"[{string.Join(", ", items.Select(s => $"'{s}'"))}]";
