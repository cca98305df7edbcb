namespace Gimbal.Xds.Translation;

/// <summary>Where Envoy listens; Contour's defaults.</summary>
public sealed record TranslationOptions
{
    /// <summary>The address Envoy's listeners bind: "0.0.0.0" by default ("::" for IPv6).</summary>
    public string ListenAddress { get; init; } = "0.0.0.0";

    /// <summary>The port of the plain HTTP listener: 8080 by default.</summary>
    public int HttpPort { get; init; } = 8080;

    /// <summary>The port of the HTTPS listener (SNI filter chains): 8443 by default.</summary>
    public int HttpsPort { get; init; } = 8443;

    /// <summary>0.0.0.0, 8080 and 8443, as Contour does.</summary>
    public static TranslationOptions Default { get; } = new();
}
