// The gateway's function app on a Flex Consumption (FC1, Linux) plan, and its app settings.

@description('Function app name; also the host name prefix.')
param name string

@description('Flex Consumption plan name.')
param planName string

param location string = resourceGroup().location
param tags object = {}

@description('azd deploys the `api` service of azure.yaml to the site carrying this tag value.')
param serviceName string = 'api'

@description('Resource id of the user-assigned identity the app runs as.')
param identityResourceId string

@description('Client id of that identity: used by the Functions host, Application Insights and the gateway itself.')
param identityClientId string

@description('Storage account for the Functions host, the deployment package and the gateway tables.')
param storageAccountName string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Key Vault URI, e.g. https://kv-name.vault.azure.net/.')
param keyVaultUri string

param applicationInsightsConnectionString string

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 50

@minValue(0)
param alwaysReadyInstances int = 0

@description('More app settings (providers, aliases...) merged over the ones below.')
param extraAppSettings object = {}

@secure()
@description('Optional client key set as Gateway__ClientKeys__0 (name "default").')
param clientKey string = ''

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

// Identity-based connection for the Functions host (no connection string, no account key).
var hostStorageSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
}

// Telemetry with Entra ID: the component has local auth disabled.
var telemetrySettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// The gateway's [DeploymentSetting] options (src/Core/Configuration): Gateway__ + the property path, joined by __.
// tests/LlmGateway.Tests/Deploy/InfrastructureTests.cs fails when one of them is missing here.
var gatewaySettings = {
  Gateway__Storage__TableServiceUri: storage.properties.primaryEndpoints.table
  Gateway__KeyVaultUri: keyVaultUri
  Gateway__ManagedIdentityClientId: identityClientId
}

var clientKeySettings = empty(clientKey)
  ? {}
  : {
      Gateway__ClientKeys__0__Name: 'default'
      Gateway__ClientKeys__0__Key: clientKey
    }

var appSettings = union(extraAppSettings, clientKeySettings, gatewaySettings, telemetrySettings, hostStorageSettings)

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      // Every setting the app has: a later `azd provision` puts back exactly this list.
      appSettings: map(items(appSettings), setting => {
        name: setting.key
        value: string(setting.value)
      })
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        // Off by default: the plan scales to zero and bills only executions. One `http` instance removes the cold
        // start of the first request at a fixed baseline cost (azd env set ALWAYS_READY_INSTANCES 1).
        alwaysReady: alwaysReadyInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyInstances
              }
            ]
          : []
        triggers: {
          http: {
            // Flex Consumption adds an instance when this many requests run at once on one (the platform default
            // depends on instance memory). A gateway request is mostly waiting: a stream stays open for minutes
            // while the upstream produces tokens, and the instance only relays bytes and keep-alives. 50 long-lived
            // streams fit easily in 2048 MB and one core, and packing them on fewer instances costs less, since
            // on-demand instances are billed while they execute. Translation work is small per chunk; lower this if
            // CPU becomes the limit (many concurrent non-stream translations of large payloads).
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
    }
  }
}

output name string = functionApp.name
output baseUrl string = 'https://${functionApp.properties.defaultHostName}'
output tableServiceUri string = storage.properties.primaryEndpoints.table
