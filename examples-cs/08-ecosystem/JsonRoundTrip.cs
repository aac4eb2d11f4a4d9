// Card: json.dumps/loads vs JsonSerializer - indent=2 gives WriteIndented's layout for this data; compact output, key names and escaping differ
using System.Text.Encodings.Web;
using System.Text.Json;

#region core
var indented = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
var compact = new JsonSerializerOptions(JsonSerializerDefaults.Web);

var order = new Order(7, "Ada", ["tea", "scones"], true);
Console.WriteLine(JsonSerializer.Serialize(order, indented));
Console.WriteLine(JsonSerializer.Serialize(order, compact));

var back = JsonSerializer.Deserialize<Order>(
    """{"id": 8, "customer": "Linus", "items": [], "paid": false, "note": null}""", compact)!;
Console.WriteLine($"{back.Customer}: {back.Items.Count} items, paid={back.Paid}, note={back.Note ?? "(none)"}");
#endregion

#region escaping
var city = new Dictionary<string, string> { ["city"] = "Zürich", ["tag"] = "<b>" };
// The default encoder writes "Z\u00FCrich" and "\u003Cb\u003E" (it escapes HTML characters too);
// UnsafeRelaxedJsonEscaping writes the text as it is.
var relaxed = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
Console.WriteLine(JsonSerializer.Serialize(city, relaxed));
#endregion

record Order(int Id, string Customer, List<string> Items, bool Paid, string? Note = null);
