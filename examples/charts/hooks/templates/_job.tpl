{{- /* A hook Job: (list $ name events weight policy phase) */ -}}
{{- define "hooks.job" -}}
{{- $root := index . 0 -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ $root.Release.Name }}-{{ index . 1 }}
  annotations:
    "helm.sh/hook": {{ index . 2 }}
    "helm.sh/hook-weight": {{ index . 3 | quote }}
{{- if index . 4 }}
    "helm.sh/hook-delete-policy": {{ index . 4 }}
{{- end }}
spec:
  backoffLimit: 0
  template:
    metadata:
      annotations:
        "helm-tui.test/fake-phase": {{ index . 5 | default "Succeeded" }}
    spec:
      restartPolicy: Never
      containers:
        - name: hook
          image: busybox
          command: ["sh", "-c", "echo {{ index . 1 }}; sleep {{ $root.Values.sleep }}"]
{{- end -}}
