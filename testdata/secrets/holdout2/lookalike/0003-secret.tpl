apiVersion: v1
kind: Secret
metadata:
  name: {{ include "app.fullname" . }}-auth
type: Opaque
data:
  password: {{ .Values.auth.password | b64enc | quote }}
  api-key: {{ required "auth.apiKey is required" .Values.auth.apiKey | b64enc | quote }}
