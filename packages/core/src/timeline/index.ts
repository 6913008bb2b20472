export { describeCustomerEvent } from "./describeEvent.js";
