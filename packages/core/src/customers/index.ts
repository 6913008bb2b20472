export { customerDecider } from "./customerDecider.js";
export { type Customers, type CustomersOptions, createCustomers } from "./customerService.js";
