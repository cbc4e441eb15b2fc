package ui

const keyHint = "npm_j76RM"
