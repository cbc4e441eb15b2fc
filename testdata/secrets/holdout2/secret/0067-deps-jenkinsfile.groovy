pipeline {
  agent any
  environment {
    SNYK_TOKEN = '6afa0bf4-8968-41b4-9960-55dd6fc31332'
  }
  stages {
    stage('deps') { steps { sh 'snyk monitor --all-projects' } }
  }
}
