using './main.bicep'

param subscriptionId = '5096d8dd-cd99-41ff-9e60-149a45493d0a'
param tenantId = 'd73963d9-bf4f-42ca-bedb-7f6916ce4d21'
param location = 'westeurope'
