#!/bin/sh
# azd postprovision hook (azure.yaml): prints where the gateway is and what to configure next.
# azd hands the environment's values (the Bicep outputs) to hooks as environment variables; when one is missing
# (the script run by hand), it is read with `azd env get-values`.
set -eu

env_value() {
  eval "found=\${$1:-}"
  if [ -z "$found" ] && command -v azd >/dev/null 2>&1; then
    found=$(azd env get-values 2>/dev/null | sed -n "s/^$1=\"\{0,1\}\([^\"]*\)\"\{0,1\}\$/\1/p" | head -n 1)
  fi
  printf '%s' "$found"
}

base_url=$(env_value GATEWAY_BASE_URL)
vault=$(env_value AZURE_KEY_VAULT_NAME)
app=$(env_value AZURE_FUNCTION_APP_NAME)
group=$(env_value RESOURCE_GROUP)
client_key_set=$(env_value GATEWAY_CLIENT_KEY)

if [ -z "$base_url" ] || [ -z "$vault" ]; then
  echo "LlmGateway: GATEWAY_BASE_URL or AZURE_KEY_VAULT_NAME is not in the azd environment; run 'azd provision' first." >&2
  exit 0
fi

if [ -n "$client_key_set" ]; then
  client_key_hint='the value of GATEWAY_CLIENT_KEY'
else
  client_key_hint='<your-client-key>'
fi

cat <<EOF

LlmGateway is provisioned.

  OpenAI base URL:            $base_url/v1
  Anthropic and Gemini base:  $base_url   (those SDKs add their own version segment)
  Key Vault:                  $vault
  Function app:               $app   (resource group $group)

Next steps

  1. Add a first upstream key. Secret names are upstream--{provider}--{label}:

       az keyvault secret set --vault-name $vault --name upstream--openai--main --value <your-openai-api-key>

  2. Set the management key, which guards /v0/management:

       az keyvault secret set --vault-name $vault --name management-key --value "\$(openssl rand -hex 32)"

EOF

if [ -z "$client_key_set" ]; then
  cat <<EOF
  3. Configure a provider and a client key; the gateway does not start without both
     (for settings that survive the next 'azd provision', see README.md, "Deploy"):

       az functionapp config appsettings set --resource-group $group --name $app --settings \\
         Gateway__Providers__openai__Type=openai \\
         Gateway__Providers__openai__BaseUrl=https://api.openai.com/v1 \\
         Gateway__Providers__openai__Models__0=gpt-4o-mini \\
         Gateway__ClientKeys__0__Name=me \\
         Gateway__ClientKeys__0__Key=<your-client-key>

EOF
else
  cat <<EOF
  3. Configure a provider (the client key "default" comes from GATEWAY_CLIENT_KEY); for settings that survive the
     next 'azd provision', see README.md, "Deploy":

       az functionapp config appsettings set --resource-group $group --name $app --settings \\
         Gateway__Providers__openai__Type=openai \\
         Gateway__Providers__openai__BaseUrl=https://api.openai.com/v1 \\
         Gateway__Providers__openai__Models__0=gpt-4o-mini

EOF
fi

cat <<EOF
  4. Call it (the key is $client_key_hint):

       curl $base_url/v1/chat/completions \\
         -H "Authorization: Bearer <your-client-key>" -H "Content-Type: application/json" \\
         -d '{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'

EOF
