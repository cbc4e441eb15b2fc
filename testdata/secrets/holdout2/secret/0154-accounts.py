from simple_salesforce import Salesforce

sf = Salesforce(instance_url="https://trellis.my.salesforce.com",
                session_id="00D58yaSML2PXtC!AGuMtaZqeEOsl9lw_aEMYeJ8qtvj.EUPEOuCoRTDIXbNuKqfOMeCAEHvDPuYQ0KDs7ghLBJCQk37wWvpJbV8Kr1Y9mRuBWIr")
rows = sf.query_all("SELECT Id, Name FROM Account")
