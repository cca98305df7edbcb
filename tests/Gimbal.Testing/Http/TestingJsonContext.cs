using System.Text.Json.Serialization;

namespace Gimbal.Testing.Http;

[JsonSerializable(typeof(string))]
internal sealed partial class TestingJsonContext : JsonSerializerContext;
