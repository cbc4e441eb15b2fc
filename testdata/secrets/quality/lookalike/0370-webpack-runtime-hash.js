/* webpack/runtime/getFullHash */
__webpack_require__.h = () => ("d1bc3020fedaa3b1");
__webpack_require__.p = "/";
