using Envoy.Config.Core.V3;

namespace Gimbal.Xds.Translation;

/// <summary>Everything dynamic is fetched over the same ADS stream.</summary>
internal static class ConfigSources
{
    public static ConfigSource Ads() => new()
    {
        Ads = new AggregatedConfigSource(),
        ResourceApiVersion = ApiVersion.V3,
    };
}
