namespace Gimbal.Kubernetes.Configuration;

/// <summary>A kubeconfig (or in-cluster configuration) that cannot be used; the message names the file and the field.</summary>
public sealed class KubeconfigException : Exception
{
    public KubeconfigException(string message)
        : base(message)
    {
    }

    public KubeconfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
