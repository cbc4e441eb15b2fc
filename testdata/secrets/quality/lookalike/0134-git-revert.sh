#!/bin/sh
# undo the broken migration
git revert --no-edit 76ebef7b9a730648ec8c7b7613707a43a545a9a3
git push origin HEAD
