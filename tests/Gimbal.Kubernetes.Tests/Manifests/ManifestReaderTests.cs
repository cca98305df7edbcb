using System.Text.Json;
using Gimbal.Core.Kubernetes;
using Gimbal.Kubernetes.Manifests;

namespace Gimbal.Kubernetes.Tests.Manifests;

public sealed class ManifestReaderTests
{
    [Fact]
    public void Reads_several_documents_and_defaults_the_namespace()
    {
        var result = ManifestReader.Read("""
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              ports:
              - name: http
                port: 80
                targetPort: http-alt
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: api
              namespace: team-a
            spec:
              ports:
              - port: 8080
                targetPort: 9090
            """, "services.yaml");

        Assert.Empty(result.Problems);
        var services = result.Objects.Cast<Service>().ToList();
        Assert.Equal(["default/web", "team-a/api"], services.Select(s => s.Key));
        Assert.Equal("http-alt", services[0].Spec!.Ports![0].TargetPort!.Value.Text);
        Assert.Equal(9090, services[1].Spec!.Ports![0].TargetPort!.Value.Number);
    }

    [Fact]
    public void Expands_list_kinds()
    {
        var result = ManifestReader.Read("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Endpoints
              metadata: {name: a, namespace: n}
            - apiVersion: networking.k8s.io/v1
              kind: IngressList
              items:
              - apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: b, namespace: n}
            """);

        Assert.Empty(result.Problems);
        Assert.Equal(["Endpoints", "Ingress"], result.Objects.Select(o => o.Kind!));
    }

    [Fact]
    public void Unknown_kinds_and_bad_documents_are_problems_and_do_not_stop_the_rest()
    {
        var result = ManifestReader.Read("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            ---
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: old}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: broken}
            spec:
              ports: "not a list"
            ---
            - just
            - a list
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: ok, namespace: x}
            type: Opaque
            data:
              key: aGVsbG8=
            """, "mixed.yaml");

        var secret = Assert.IsType<Secret>(Assert.Single(result.Objects));
        Assert.Equal("hello"u8.ToArray(), secret.Data!["key"]);
        Assert.Equal(4, result.Problems.Count);
        Assert.Contains(result.Problems, p => p.Kind == "Deployment" && p.Message.Contains("not one Gimbal reads", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Kind == "Ingress" && p.Message.Contains("networking.k8s.io/v1", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Name == "broken" && p.Document == 3 && p.Message.Contains("spec.ports", StringComparison.Ordinal));
        Assert.All(result.Problems, p => Assert.Equal("mixed.yaml", p.Source));
    }

    [Fact]
    public void Yaml_syntax_errors_name_the_line()
    {
        var result = ManifestReader.Read("apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n", "bad.yaml");

        var problem = Assert.Single(result.Problems);
        Assert.Empty(result.Objects);
        Assert.Contains("line", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_scalars_stay_strings_and_plain_ones_are_typed()
    {
        var result = ManifestReader.Read("""
            apiVersion: v1
            kind: Service
            metadata:
              name: s
              annotations:
                a: "true"
                b: "80"
            spec:
              ports:
              - port: 80
                targetPort: "8080"
            """);

        var service = Assert.IsType<Service>(Assert.Single(result.Objects));
        Assert.Equal("true", service.Metadata.Annotations!["a"]);
        Assert.Equal("80", service.Metadata.Annotations!["b"]);
        Assert.Equal("8080", service.Spec!.Ports![0].TargetPort!.Value.Text);
    }

    [Fact]
    public void Unknown_fields_survive_a_read_modify_write_round_trip()
    {
        var result = ManifestReader.Read("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: i
              namespace: n
              creationTimestamp: "2024-03-01T10:20:30Z"
              futureMetaField: {x: 1}
            spec:
              futureSpecField: [1, 2]
              rules:
              - host: a.example.com
                futureRuleField: yes
            """);

        var ingress = Assert.IsType<Ingress>(Assert.Single(result.Objects));
        var changed = ingress with { Metadata = ingress.Metadata with { Labels = new Dictionary<string, string> { ["l"] = "v" } } };
        using var json = JsonDocument.Parse(KubernetesJson.Serialize(changed));
        var root = json.RootElement;
        Assert.Equal("2024-03-01T10:20:30Z", root.GetProperty("metadata").GetProperty("creationTimestamp").GetString());
        Assert.Equal(1, root.GetProperty("metadata").GetProperty("futureMetaField").GetProperty("x").GetInt32());
        Assert.Equal(2, root.GetProperty("spec").GetProperty("futureSpecField").GetArrayLength());
        Assert.Equal("yes", root.GetProperty("spec").GetProperty("rules")[0].GetProperty("futureRuleField").GetString());
        Assert.Equal("v", root.GetProperty("metadata").GetProperty("labels").GetProperty("l").GetString());
        Assert.False(root.GetProperty("spec").TryGetProperty("tls", out _), "nulls are omitted");
    }

    [Fact]
    public void Duplicate_keys_are_rejected()
    {
        var result = ManifestReader.Read("apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n");

        Assert.Empty(result.Objects);
        Assert.Contains("duplicate key", Assert.Single(result.Problems).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Reads_contour_httpproxy_and_tls_certificate_delegation()
    {
        var result = ManifestReader.Read("""
            apiVersion: projectcontour.io/v1
            kind: HTTPProxy
            metadata: {name: root, namespace: team-a}
            spec:
              virtualhost:
                fqdn: app.example.com
                tls: {secretName: certs/wildcard}
              includes:
              - name: blog
                namespace: team-b
                conditions:
                - prefix: /blog
              routes:
              - conditions:
                - prefix: /api
                - header: {name: x-canary, present: true}
                services:
                - {name: us-east-api, port: 80, weight: 90}
                - {name: us-west-api, port: 80, weight: 10}
                loadBalancerPolicy: {strategy: Cookie}
                timeoutPolicy: {response: 30s, idle: infinity}
            ---
            apiVersion: projectcontour.io/v1
            kind: TLSCertificateDelegation
            metadata: {name: d, namespace: certs}
            spec:
              delegations:
              - secretName: wildcard
                targetNamespaces: ["*"]
            """);

        Assert.Empty(result.Problems);
        var snapshot = result.ToSnapshot();
        var proxy = Assert.Single(snapshot.HttpProxies);
        Assert.Equal("app.example.com", proxy.Spec!.Virtualhost!.Fqdn);
        Assert.Equal("/blog", proxy.Spec.Includes![0].Conditions![0].Prefix);
        var route = proxy.Spec.Routes![0];
        Assert.True(route.Conditions![1].Header!.Present);
        Assert.Equal([90, 10], route.Services!.Select(s => s.Weight!.Value));
        Assert.Equal("infinity", route.TimeoutPolicy!.Idle);
        Assert.Equal("*", Assert.Single(snapshot.TlsCertificateDelegations).Spec!.Delegations![0].TargetNamespaces![0]);
    }
}
