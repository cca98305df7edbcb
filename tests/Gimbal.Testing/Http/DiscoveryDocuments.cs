using System.Text.Json.Nodes;
using Gimbal.Testing.Resources;

namespace Gimbal.Testing.Http;

/// <summary>/api, /api/v1, /apis and /apis/&lt;group&gt;/&lt;version&gt; for the resources a test server serves.</summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject Groups(ResourceCatalog catalog)
    {
        var groups = new JsonArray();
        foreach (var group in catalog.All.Where(r => r.Group.Length > 0).GroupBy(r => r.Group))
        {
            var versions = group.Select(r => r.Version).Distinct().ToList();
            groups.Add(new JsonObject
            {
                ["name"] = group.Key,
                ["versions"] = new JsonArray(versions.Select(v => (JsonNode)GroupVersion(group.Key, v)).ToArray()),
                ["preferredVersion"] = GroupVersion(group.Key, versions[0]),
            });
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? Resources(ResourceCatalog catalog, string group, string version)
    {
        var served = catalog.All.Where(r => r.Group == group && r.Version == version).OrderBy(r => r.Plural, StringComparer.Ordinal).ToList();
        if (served.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var r in served)
        {
            var entry = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = string.Empty,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = new JsonArray(AllVerbs.Select(v => (JsonNode)v).ToArray()),
            };
            if (r.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray(r.ShortNames.Select(s => (JsonNode)s).ToArray());
            }

            resources.Add(entry);
            if (r.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = $"{r.Plural}/status",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = r.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        var list = new JsonObject { ["kind"] = "APIResourceList" };
        if (group.Length > 0)
        {
            // The core list has no apiVersion; group lists do.
            list["apiVersion"] = "v1";
        }

        list["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}";
        list["resources"] = resources;
        return list;
    }

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "20",
        ["gitVersion"] = "v1.20.2-gimbal-test",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-11-21T00:00:00Z",
        ["goVersion"] = "go1.15.5",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    private static JsonObject GroupVersion(string group, string version) => new()
    {
        ["groupVersion"] = $"{group}/{version}",
        ["version"] = version,
    };
}
