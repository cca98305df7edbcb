namespace Gimbal.Deploy.Tests.Schemas;

/// <summary>One violation: the JSON path of the value (".spec.routes[0].services[1].port") and why.</summary>
public sealed record SchemaError(string Path, string Message)
{
    public override string ToString() => $"{(Path.Length == 0 ? "<root>" : Path)}: {Message}";
}
