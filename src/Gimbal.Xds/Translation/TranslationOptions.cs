namespace Gimbal.Xds.Translation;

/// <summary>Where Envoy listens; Contour's defaults.</summary>
public sealed record TranslationOptions
{
    public string ListenAddress { get; init; } = "0.0.0.0";

    public int HttpPort { get; init; } = 8080;

    public int HttpsPort { get; init; } = 8443;

    public static TranslationOptions Default { get; } = new();
}
