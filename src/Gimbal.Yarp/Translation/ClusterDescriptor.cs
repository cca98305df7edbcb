using System.Text.Json;
using Gimbal.Core.Collections;
using Gimbal.Core.Routing;

namespace Gimbal.Yarp.Translation;

/// <summary>
/// How the Gimbal load-balancing policy picks a destination in one YARP cluster. A plain cluster has
/// one member; a weighted split has several, each with its own share and strategy (see
/// <see cref="ClusterTranslator"/> for why splits are clusters of their own).
/// </summary>
/// <param name="Members">The Gimbal clusters whose endpoints the YARP cluster holds; one for a plain cluster.</param>
public sealed record ClusterDescriptor(EquatableArray<SplitMember> Members)
{
    internal const string MetadataKey = "gimbal.cluster";

    /// <summary>Destination metadata naming the member a destination belongs to.</summary>
    internal const string MemberKey = "gimbal.member";

    /// <summary>Destination metadata with the endpoint's relative weight, absent when 1.</summary>
    internal const string WeightKey = "gimbal.weight";

    internal string ToJson() => JsonSerializer.Serialize(this, YarpJson.Options);

    internal static ClusterDescriptor? FromMetadata(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(MetadataKey, out var json)
            ? JsonSerializer.Deserialize<ClusterDescriptor>(json, YarpJson.Options)
            : null;
}

/// <summary>One Gimbal cluster inside a YARP cluster, with its relative weight.</summary>
/// <param name="ClusterName">The <see cref="UpstreamCluster.Name"/>.</param>
/// <param name="Weight">Its relative share of the YARP cluster's requests.</param>
/// <param name="LoadBalancing">How a destination is picked among its endpoints.</param>
public sealed record SplitMember(string ClusterName, int Weight, LoadBalancerPolicy LoadBalancing);
